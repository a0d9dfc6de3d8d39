from standards.cli import main

raise SystemExit(main())
