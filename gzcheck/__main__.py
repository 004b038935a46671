from gzcheck.cli import run

run()
