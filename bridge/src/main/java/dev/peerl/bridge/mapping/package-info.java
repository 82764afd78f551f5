/**
 * Java values and Erlang terms: {@link dev.peerl.bridge.mapping.TermMapper} maps records, enums,
 * strings, collections, maps and {@code Optional}s to terms and back, with errors that say where a
 * term did not fit. See the "Records and terms" section of {@code docs/bridge.md}.
 */
package dev.peerl.bridge.mapping;
