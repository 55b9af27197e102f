// Entry point of the load generator; filled in by the benchmark work.
return 0;
