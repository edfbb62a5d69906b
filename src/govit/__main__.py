from govit.cli import main

raise SystemExit(main())
