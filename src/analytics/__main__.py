import sys

if sys.argv[1:2] == ["build"]:  # the build needs none of the other commands' imports (pandas among them)
    from analytics.cli_build import main

    raise SystemExit(main(sys.argv[2:]))

from analytics.cli import main

raise SystemExit(main())
