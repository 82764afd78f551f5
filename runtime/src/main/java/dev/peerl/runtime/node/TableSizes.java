package dev.peerl.runtime.node;

/**
 * How many entries the node's tables hold, for leak checks: every one goes back to its size before
 * a process was spawned once that process has stopped.
 *
 * @param pids pid to actor
 * @param names registered names
 * @param processes the link and monitor state of live processes
 * @param aliases active aliases
 * @param remoteLinks links with processes of other nodes
 * @param remoteMonitors monitors local processes hold on processes of other nodes
 * @param remoteWatched monitors processes of other nodes hold on local processes
 */
record TableSizes(
    int pids,
    int names,
    int processes,
    int aliases,
    int remoteLinks,
    int remoteMonitors,
    int remoteWatched) {}
