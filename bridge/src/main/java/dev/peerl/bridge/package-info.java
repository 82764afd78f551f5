/**
 * OTP conventions on the JVM: gen_server both ways, net_kernel, rpc, pg and the mapping between
 * Java records and terms. See {@code docs/bridge.md}.
 */
package dev.peerl.bridge;
