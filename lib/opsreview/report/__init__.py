"""Everything that turns computed figures into what a person reads: wording, numbers, HTML."""
