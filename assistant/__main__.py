"""`python -m assistant ...`: the console script from this checkout (tests start servers this way)."""
from assistant.cli import main

main()
