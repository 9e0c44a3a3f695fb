"""One module per pipeline stage; each is thin: read inputs, call hodo/, write, report."""
