/**
 * Runnable programs: the demo node and the benchmark entry points. The demo arrives with issue 5.
 */
package dev.peerl.samples;
