/**
 * What executors share: the driver's Hadoop configuration every task reads through ({@link
 * io.videor1.exec.HadoopConf}), the device each task's model lives on ({@link io.videor1.exec.TaskDevice}: the GPU
 * Spark assigned it, and a clear stop when the engine cannot open it: {@code exec.require_gpu}), models loaded once per
 * JVM (one per slot, device and version), the lock that serialises autograd, because DJL's PyTorch gradient
 * collector is a JVM-wide singleton, and the line between bad input and the engine failing ({@link
 * io.videor1.exec.EngineFault}: an out-of-memory error fails the task with the model, batch and memory named).
 */
package io.videor1.exec;
