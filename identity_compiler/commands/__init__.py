"""Features on the pipeline: the command line, the language server and its editor features, fmt, import, diff,
web-config and deploy. Nothing below this folder imports from it."""
