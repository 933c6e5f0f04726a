"""The ``reuse`` command line: parses options, calls the library, formats output. Nothing else."""
