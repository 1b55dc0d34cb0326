/**
 * What executors share inside one JVM: loaded models (one per slot and version) and the lock that serialises autograd,
 * because DJL's PyTorch gradient collector is a JVM-wide singleton.
 */
package io.videor1.exec;
