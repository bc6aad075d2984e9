// NN: modules, layers, losses, optimizers, synthetic datasets and a training loop, on top of
// TensorCore's Tensor and Variable (reverse-mode autodiff).
//
//     let model = try mlp([64, 64, 10], activation: "relu", seed: 0)
//     let data = try Datasets.digits(n: 2000, seed: 1)
//     let (train, test) = try data.trainTestSplit(fraction: 0.25, seed: 2)
//     let optimizer = try Adam(model.parameters, learningRate: 1e-2)
//     let history = try fit(model, loss: .crossEntropy, optimizer: optimizer, data: train,
//                           epochs: 15, batchSize: 32, seed: 3)
//     let (loss, accuracy) = try evaluate(model, data: test)   // accuracy ≈ 0.96
//
// Conventions follow PyTorch where a learner would expect them: weights of a Linear layer are
// [out, in], parameter names are dotted paths ("layers.0.weight"), optimizers update parameters
// in place, `train()`/`eval()` switch dropout.
