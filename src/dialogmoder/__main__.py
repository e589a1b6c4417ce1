from dialogmoder.cli import main

main()
