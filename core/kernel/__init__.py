"""What every feature uses: messages, the dispatcher, the command table, the shared ports."""
