/**
 * EPMD, the Erlang Port Mapper Daemon: {@link dev.peerl.epmd.EpmdClient} registers and looks up
 * nodes, {@link dev.peerl.epmd.EmbeddedEpmd} is an EPMD server that real {@code erl} nodes can use.
 * Settings: {@link dev.peerl.epmd.EpmdSettings} ({@code peerl.epmd}); wire constants: {@link
 * dev.peerl.epmd.EpmdRequests}. Guide: {@code docs/epmd.md}.
 */
package dev.peerl.epmd;
