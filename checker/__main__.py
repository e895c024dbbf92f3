from checker.main import main

main()
