"""`python -m generator.cli`, as well as the honours command."""

from . import main

if __name__ == "__main__":  # not when a check imports every module of the package
    main()
