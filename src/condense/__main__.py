from condense.cli import main

raise SystemExit(main())
