from dyad.cli import main

raise SystemExit(main())
