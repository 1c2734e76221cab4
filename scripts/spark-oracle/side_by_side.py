"""Runs an exported Iskra application unchanged, for the side-by-side comparison with Iskra.

    spark-submit ... side_by_side.py --control PORT [--probes probes.json] app.py [app arguments]
    python side_by_side.py --control PORT [--probes probes.json] app.py --remote sc://host:15002 ...

The application runs as `python app.py …` would. When it reaches spark.streams.awaitAnyTermination()
(its queries started) this connects to 127.0.0.1:PORT (spark-submit does not pass stdin on to
Python), says `READY` and obeys commands there, one a line, each answered with a line:
  sync      processAllAvailable() on every active query, then `SYNCED`
  probe N   runs probe N (Python from probes.json) with main()'s variables:
            `ERROR <Class>: <message>` or `NO-ERROR`
  stop      stops every query (the application's awaitAnyTermination() returns): `STOPPED`
The side-by-side runner (scripts/side-by-side/streams.ts) speaks the same protocol to Iskra.
"""
import faulthandler
import json
import runpy
import signal
import socket
import sys
import threading


def main():
    faulthandler.register(signal.SIGUSR1)  # kill -USR1 <pid>: every thread's stack on stderr (a hang)
    argv = sys.argv[1:]
    probes = []
    port = None
    if argv[:1] == ["--control"]:
        port = int(argv[1])
        argv = argv[2:]
    if argv[:1] == ["--probes"]:
        with open(argv[1]) as f:
            probes = json.load(f)
        argv = argv[2:]
    app = argv[0]
    sys.argv = argv
    state = {"session": None, "scope": None}
    ready = threading.Event()

    managers = []
    from pyspark.sql.streaming.query import StreamingQueryManager
    managers.append(StreamingQueryManager)
    try:
        from pyspark.sql.connect.streaming.query import StreamingQueryManager as ConnectManager
        managers.append(ConnectManager)
    except ImportError:  # Spark Connect's client needs pandas, pyarrow and grpcio
        pass
    for cls in managers:
        original = cls.awaitAnyTermination

        def patched(self, timeout=None, _original=original):
            frame = sys._getframe(1)
            state["scope"] = {**frame.f_globals, **frame.f_locals}
            state["session"] = state["scope"].get("spark")
            state["manager"] = self
            ready.set()
            return _original(self, timeout) if timeout is not None else _original(self)

        cls.awaitAnyTermination = patched

    def commands():
        ready.wait()
        manager = state["manager"]
        control = socket.create_connection(("127.0.0.1", port))
        channel = control.makefile("rw", encoding="utf-8", newline="\n")

        def say(text):
            channel.write(text + "\n")
            channel.flush()

        say("READY")
        for line in channel:
            cmd = line.split()
            if not cmd:
                continue
            if cmd[0] == "sync":
                try:
                    for q in manager.active:
                        q.processAllAvailable()
                    say("SYNCED")
                except Exception as e:  # a query failed: the runner reports it
                    say(f"FAILED {type(e).__name__}: {' | '.join(str(e).strip().splitlines()[:12])}")
            elif cmd[0] == "probe":
                try:
                    exec(compile(probes[int(cmd[1])], f"<probe {cmd[1]}>", "exec"), dict(state["scope"]))
                    say("NO-ERROR")
                except Exception as e:  # what the PySpark shell shows: the exception's class and first line
                    say(f"ERROR {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}")
            elif cmd[0] == "stop":
                break
        for q in manager.active:
            q.stop()
        say("STOPPED")
        control.close()

    worker = threading.Thread(target=commands, daemon=True)
    worker.start()
    runpy.run_path(app, run_name="__main__")
    if ready.is_set():
        worker.join()


if __name__ == "__main__":
    main()
