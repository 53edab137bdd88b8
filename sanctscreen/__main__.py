from sanctscreen.cli import main

main()
