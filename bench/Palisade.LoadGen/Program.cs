using System.CommandLine;
using Palisade.LoadGen;

return await LoadGenCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
