"""What leaves the compiler: rendered templates, files written all or none to places planned in advance, reports
in the formats CI reads, and the baseline."""
