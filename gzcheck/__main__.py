from gzcheck.cli import run

if __name__ == "__main__":  # not when a spawned worker imports the main module again
    run()
