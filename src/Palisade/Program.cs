// Entry point of the palisade command-line tool: each command lives in its own file under Cli/.
return await Palisade.Cli.PalisadeCommandLine.InvokeAsync(args).ConfigureAwait(false);
