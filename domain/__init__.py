"""Pure domain: models, rule book, facts, validator. No I/O, no frameworks."""
