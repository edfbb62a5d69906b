"""The people-facing project pages, one module per area: lists, the application, the project
page and its actions, experts, flowcharts. Views only read a request, call a selector, service
or the engine, and render; every object is fetched through `govit.access` (404 outside scope)."""
