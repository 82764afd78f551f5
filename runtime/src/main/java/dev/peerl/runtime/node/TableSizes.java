package dev.peerl.runtime.node;

/**
 * How many entries the node's tables hold ({@link ErlangNode#tableSizes()}), for leak checks and
 * monitoring: every one goes back to its size before a process was spawned once that process has
 * stopped, and the remote ones lose a node's entries at its nodedown.
 *
 * @param pids pid to process (its actor and its link and monitor state)
 * @param names registered names
 * @param aliases active aliases
 * @param remoteLinks links with processes of other nodes
 * @param remoteMonitors monitors local processes hold on processes of other nodes
 * @param remoteWatched monitors processes of other nodes hold on local processes
 */
public record TableSizes(
    int pids, int names, int aliases, int remoteLinks, int remoteMonitors, int remoteWatched) {}
