/**
 * The demo node's services, one class each: {@code echo}, {@code counter}, {@code linker}, {@code
 * watcher}, {@code relay} (gen_servers) and {@code sink} (a plain process). {@link
 * dev.peerl.samples.DemoNode} registers them under those names.
 */
package dev.peerl.samples.services;
