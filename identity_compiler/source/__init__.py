"""The first stage: input read safely (contained in the project, regular files, bounded) and spec documents with
the position of every key; the project configuration and the files a spec names."""
