/**
 * What executors share: the driver's Hadoop configuration every task reads through ({@link
 * io.videor1.exec.HadoopConf}), the device each task's model lives on ({@link io.videor1.exec.TaskDevice}: the GPU
 * Spark assigned it), models loaded once per JVM (one per slot, device and version), and the lock that serialises
 * autograd, because DJL's PyTorch gradient collector is a JVM-wide singleton.
 */
package io.videor1.exec;
