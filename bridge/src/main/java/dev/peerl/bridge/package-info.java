/**
 * OTP conventions on the JVM: gen_server both ways, net_kernel, rpc, pg and the mapping between
 * Java records and terms. Not implemented yet: see issue 5.
 */
package dev.peerl.bridge;
