"""Charts per domain: figures drawn from the metric tables, in the house theme."""
