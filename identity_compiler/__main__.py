import sys

try:
    from .commands.cli import main
except KeyboardInterrupt:  # Ctrl-C before the command line has started: the same one line as later
    sys.stderr.write("identity-compiler: interrupted\n")
    sys.exit(130)

sys.exit(main())
