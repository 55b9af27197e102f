// Entry point of the palisade command-line tool. The host work replaces this with the System.CommandLine root.
return 0;
