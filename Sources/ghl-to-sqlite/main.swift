import GHLToSQLiteCLI

await GHLToSQLite.runAsEntryPoint()
