"""opsreview: monthly operations review from CSV exports."""

import sys

# nbformat imports jsonschema, which imports the optional `rfc3987_syntax` (its "iri" format
# check), and that package builds a Lark grammar at import: ~1.5-2 s in every process that
# reads or writes a notebook (the CLI, each build worker). We never validate "iri" formats,
# so it is kept out (jsonschema skips the check when the import fails). See
# python-jsonschema/jsonschema#1392; bench/README.md measures what it costs.
if "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None
