"""What the peer comparisons share: running a measurement process that prints one JSON line,
and naming the CPU."""
import json
import platform
import subprocess
import sys


def run_json(command, environment, who):
    """Runs `command` with `environment`; its last stdout line parsed as JSON. Exits naming `who`
    when it fails."""
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{who}: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def cpu_model():
    """The CPU's model name from /proc/cpuinfo."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"
