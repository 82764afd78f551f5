/**
 * Erlang-visible processes: typed actors with pids ({@link dev.peerl.runtime.process.ProcessRef}),
 * the sealed protocol they receive ({@link dev.peerl.runtime.process.ProcessMessage}), and the
 * table of pids and registered names.
 */
package dev.peerl.runtime.process;
