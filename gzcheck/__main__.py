import sys

from gzcheck.cli import main

sys.exit(main())
