/**
 * Converts the network (Keras layers format, see neural-model.ts) to an ONNX
 * model, up to the feature layer, so onnxruntime can run the same weights.
 *
 * Only the layer types of Keras' MobileNetV2 are handled: ZeroPadding2D
 * (folded into the next convolution's pads), Conv2D and DepthwiseConv2D
 * (grouped Conv), BatchNormalization folded into the convolution before it
 * (W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β; Ioffe & Szegedy 2015),
 * ReLU with max_value (Clip), Add, and the final 7×7 AveragePooling2D
 * (GlobalAveragePool). Layout: Keras is NHWC, ONNX convolutions NCHW; the
 * graph takes NCHW input already scaled to [0, 1].
 *
 * The ONNX file is written with a minimal protobuf encoder (field numbers
 * from onnx/onnx.proto3, IR version 8, opset 13).
 */

import { NEURAL_FEATURE_LAYER, type KerasLayer, type NeuralModel } from './neural-model.js';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'features';
const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1;

// ---- minimal protobuf writer (wire types 0: varint, 2: length-delimited, 5: 32-bit) ----

class Proto {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private varint(value: number): void {
    const out: number[] = [];
    // Non-negative values only (sizes, counts, enum values, pads).
    let v = value;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    this.push(Uint8Array.from(out));
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`protobuf int field ${field}: ${value}`);
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Proto): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

// ---- ONNX messages ----

type Attribute = { name: string; ints: number[] } | { name: string; int: number };

function attributeProto(attr: Attribute): Proto {
  // AttributeProto: name 1, i 3, ints 8, type 20 (INT 2, INTS 7).
  const p = new Proto().string(1, attr.name);
  if ('int' in attr) return p.int(3, attr.int).int(20, 2);
  for (const v of attr.ints) p.int(8, v);
  return p.int(20, 7);
}

interface OnnxNode {
  op: string;
  inputs: string[];
  output: string;
  attributes: Attribute[];
}

function nodeProto(node: OnnxNode): Proto {
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
  const p = new Proto();
  for (const input of node.inputs) p.string(1, input);
  p.string(2, node.output).string(3, node.output).string(4, node.op);
  for (const attr of node.attributes) p.message(5, attributeProto(attr));
  return p;
}

function tensorProto(name: string, dims: number[], values: Float32Array): Proto {
  // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian).
  const p = new Proto();
  for (const d of dims) p.int(1, d);
  return p.int(2, FLOAT).string(8, name).bytes(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

function valueInfoProto(name: string, dims: (number | string)[]): Proto {
  // ValueInfoProto{name 1, type 2} → TypeProto{tensor_type 1} → Tensor{elem_type 1, shape 2} → Shape{dim 1} → Dim{value 1 | param 2}.
  const shape = new Proto();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new Proto().int(1, d) : new Proto().string(2, d));
  const tensor = new Proto().int(1, FLOAT).message(2, shape);
  return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
}

// ---- conversion ----

interface Tensor {
  name: string;
  /** Spatial size and channels (NCHW without N). */
  channels: number;
  height: number;
  width: number;
  /** Zero padding still to apply, folded into the consuming convolution: [top, left, bottom, right]. */
  pads: [number, number, number, number];
}

interface ConvState {
  node: OnnxNode;
  weight: Float32Array;
  bias: Float32Array;
  outChannels: number;
  /** Elements of one output channel's filter. */
  perChannel: number;
}

function inboundName(layer: KerasLayer): string {
  const nodes = layer.inbound_nodes as [string, number, number][][];
  if (nodes.length !== 1 || nodes[0].length !== 1) throw new Error(`layer ${layer.name}: expected one input`);
  return nodes[0][0][0];
}

function inboundNames(layer: KerasLayer): string[] {
  const nodes = layer.inbound_nodes as [string, number, number][][];
  return nodes[0].map((entry) => entry[0]);
}

function pair(value: unknown, what: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) throw new Error(`expected a pair for ${what}`);
  return [Number(value[0]), Number(value[1])];
}

function weight(model: NeuralModel, name: string): Float32Array {
  const values = model.weights.get(name);
  if (values === undefined) throw new Error(`weight ${name} is missing`);
  return values;
}

/** Output size and pads of Keras' 'same' or 'valid' padding (TensorFlow's rule: extra padding at the end). */
function convGeometry(input: Tensor, kernel: [number, number], stride: [number, number], padding: string) {
  const [kh, kw] = kernel;
  let [top, left, bottom, right] = input.pads;
  const h = input.height + top + bottom;
  const w = input.width + left + right;
  if (padding === 'same') {
    const padH = Math.max((Math.ceil(h / stride[0]) - 1) * stride[0] + kh - h, 0);
    const padW = Math.max((Math.ceil(w / stride[1]) - 1) * stride[1] + kw - w, 0);
    top += Math.floor(padH / 2);
    bottom += padH - Math.floor(padH / 2);
    left += Math.floor(padW / 2);
    right += padW - Math.floor(padW / 2);
  } else if (padding !== 'valid') {
    throw new Error(`unsupported padding ${padding}`);
  }
  const height = Math.floor((input.height + top + bottom - kh) / stride[0]) + 1;
  const width = Math.floor((input.width + left + right - kw) / stride[1]) + 1;
  return { pads: [top, left, bottom, right], height, width };
}

// Kernel layouts and the folding are small functions of plain loops, so that V8 optimises them at once.

/** Keras depthwise kernel [taps, channels·mult] (taps = kh·kw) → ONNX [channels·mult, 1, taps]. */
function depthwiseKernel(keras: Float32Array, taps: number, channels: number): Float32Array {
  const out = new Float32Array(taps * channels);
  for (let c = 0; c < channels; c++) {
    for (let t = 0; t < taps; t++) out[c * taps + t] = keras[t * channels + c];
  }
  return out;
}

/** Keras kernel [taps, in, out] → ONNX [out, in, taps]. */
function convKernel(keras: Float32Array, taps: number, inC: number, outC: number): Float32Array {
  const out = new Float32Array(taps * inC * outC);
  for (let o = 0; o < outC; o++) {
    for (let i = 0; i < inC; i++) {
      const dst = (o * inC + i) * taps;
      for (let t = 0; t < taps; t++) out[dst + t] = keras[(t * inC + i) * outC + o];
    }
  }
  return out;
}

/** W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β, per output channel. */
function foldBatchNorm(conv: ConvState, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number): void {
  const { weight, bias, perChannel } = conv;
  for (let o = 0; o < conv.outChannels; o++) {
    const scale = gamma[o] / Math.sqrt(variance[o] + epsilon);
    for (let k = o * perChannel, end = k + perChannel; k < end; k++) weight[k] *= scale;
    bias[o] = (bias[o] - mean[o]) * scale + beta[o];
  }
}

/**
 * The ONNX model (serialised ModelProto) computing the feature layer's
 * output, shape [N, 1280, 1, 1], from input [N, 3, 224, 224] in [0, 1].
 */
export function convertToOnnx(model: NeuralModel, featureLayer: string = NEURAL_FEATURE_LAYER): Uint8Array {
  const layers = model.topology.model_config.config.layers;
  const tensors = new Map<string, Tensor>();
  /** Convolutions whose batch normalisation may still be folded in, by layer name. */
  const convs = new Map<string, ConvState>();
  const allConvs: ConvState[] = [];
  const nodes: OnnxNode[] = [];
  const initializers: { name: string; dims: number[]; values: Float32Array }[] = [];
  const clipBounds = new Map<number, string>();
  let output: Tensor | undefined;

  const clipBound = (value: number): string => {
    let name = clipBounds.get(value);
    if (name === undefined) {
      name = `clip_${value}`;
      clipBounds.set(value, name);
      initializers.push({ name, dims: [], values: Float32Array.of(value) });
    }
    return name;
  };

  for (const layer of layers) {
    const config = layer.config;
    switch (layer.class_name) {
      case 'InputLayer': {
        const shape = config.batch_input_shape as (number | null)[];
        tensors.set(layer.name, { name: ONNX_INPUT, height: shape[1] as number, width: shape[2] as number, channels: shape[3] as number, pads: [0, 0, 0, 0] });
        break;
      }
      case 'ZeroPadding2D': {
        const input = tensors.get(inboundName(layer))!;
        const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
        const [t, l, b, r] = input.pads;
        tensors.set(layer.name, { ...input, pads: [t + top, l + left, b + bottom, r + right] });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const input = tensors.get(inboundName(layer))!;
        const kernel = pair(config.kernel_size, `${layer.name}.kernel_size`);
        const stride = pair(config.strides, `${layer.name}.strides`);
        const dilation = pair(config.dilation_rate ?? [1, 1], `${layer.name}.dilation_rate`);
        if (dilation[0] !== 1 || dilation[1] !== 1) throw new Error(`layer ${layer.name}: dilation is not supported`);
        if (config.activation !== 'linear') throw new Error(`layer ${layer.name}: activation ${String(config.activation)} is not supported`);
        const geometry = convGeometry(input, kernel, stride, String(config.padding));
        const [kh, kw] = kernel;
        const inC = input.channels;
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        const keras = weight(model, `${layer.name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`);
        let outC: number;
        let w: Float32Array;
        if (depthwise) {
          // Keras [kh, kw, in, mult] → ONNX [in·mult, 1, kh, kw], group = in.
          const mult = Number(config.depth_multiplier ?? 1);
          outC = inC * mult;
          w = depthwiseKernel(keras, kh * kw, inC * mult);
        } else {
          // Keras [kh, kw, in, out] → ONNX [out, in, kh, kw].
          outC = Number(config.filters);
          w = convKernel(keras, kh * kw, inC, outC);
        }
        const bias = config.use_bias ? Float32Array.from(weight(model, `${layer.name}/bias`)) : new Float32Array(outC);
        const node: OnnxNode = {
          op: 'Conv',
          inputs: [input.name, `${layer.name}/W`, `${layer.name}/B`],
          output: layer.name,
          attributes: [
            { name: 'kernel_shape', ints: [kh, kw] },
            { name: 'strides', ints: stride },
            { name: 'pads', ints: [geometry.pads[0], geometry.pads[1], geometry.pads[2], geometry.pads[3]] },
            { name: 'group', int: depthwise ? inC : 1 },
          ],
        };
        nodes.push(node);
        const state = { node, weight: w, bias, outChannels: outC, perChannel: w.length / outC };
        allConvs.push(state);
        convs.set(layer.name, state);
        tensors.set(layer.name, { name: layer.name, channels: outC, height: geometry.height, width: geometry.width, pads: [0, 0, 0, 0] });
        break;
      }
      case 'BatchNormalization': {
        const from = inboundName(layer);
        const conv = convs.get(from);
        if (conv === undefined) throw new Error(`layer ${layer.name}: batch normalisation must follow a convolution`);
        const gamma = weight(model, `${layer.name}/gamma`);
        const beta = weight(model, `${layer.name}/beta`);
        const mean = weight(model, `${layer.name}/moving_mean`);
        const variance = weight(model, `${layer.name}/moving_variance`);
        const epsilon = Number(config.epsilon);
        foldBatchNorm(conv, gamma, beta, mean, variance, epsilon);
        // The convolution now produces this layer's output; nothing reads the unnormalised one.
        convs.delete(from);
        tensors.set(layer.name, tensors.get(from)!);
        break;
      }
      case 'ReLU': {
        const input = tensors.get(inboundName(layer))!;
        if (Number(config.negative_slope ?? 0) !== 0 || Number(config.threshold ?? 0) !== 0) throw new Error(`layer ${layer.name}: only plain ReLU is supported`);
        const max = config.max_value === null || config.max_value === undefined ? Infinity : Number(config.max_value);
        const inputs = [input.name, clipBound(0)];
        if (Number.isFinite(max)) inputs.push(clipBound(max));
        nodes.push(max === Infinity ? { op: 'Relu', inputs: [input.name], output: layer.name, attributes: [] } : { op: 'Clip', inputs, output: layer.name, attributes: [] });
        tensors.set(layer.name, { ...input, name: layer.name });
        break;
      }
      case 'Add': {
        const inputs = inboundNames(layer).map((name) => tensors.get(name)!);
        nodes.push({ op: 'Add', inputs: inputs.map((t) => t.name), output: layer.name, attributes: [] });
        tensors.set(layer.name, { ...inputs[0], name: layer.name });
        break;
      }
      case 'AveragePooling2D': {
        const input = tensors.get(inboundName(layer))!;
        const size = pair(config.pool_size, `${layer.name}.pool_size`);
        if (size[0] !== input.height || size[1] !== input.width) throw new Error(`layer ${layer.name}: only a pool over the whole picture is supported`);
        nodes.push({ op: 'GlobalAveragePool', inputs: [input.name], output: layer.name, attributes: [] });
        tensors.set(layer.name, { ...input, name: layer.name, height: 1, width: 1 });
        break;
      }
      default:
        throw new Error(`layer ${layer.name}: ${layer.class_name} is not supported by the converter`);
    }
    if (layer.name === featureLayer) {
      output = tensors.get(layer.name);
      break;
    }
  }
  if (output === undefined) throw new Error(`the model has no layer ${featureLayer}`);

  for (const conv of allConvs) {
    const { node, weight: w, bias, outChannels } = conv;
    const [kh, kw] = (node.attributes[0] as { ints: number[] }).ints;
    initializers.push({ name: node.inputs[1], dims: [outChannels, conv.perChannel / (kh * kw), kh, kw], values: w });
    initializers.push({ name: node.inputs[2], dims: [outChannels], values: bias });
  }

  const graph = new Proto();
  for (const node of nodes) graph.message(1, nodeProto(node));
  graph.string(2, 'sleeve_neural');
  for (const init of initializers) graph.message(5, tensorProto(init.name, init.dims, init.values));
  const first = layers[0].config.batch_input_shape as number[];
  graph.message(11, valueInfoProto(ONNX_INPUT, ['N', first[3], first[1], first[2]]));
  // The feature layer's output, renamed by an Identity so callers need not know the Keras name.
  graph.message(1, nodeProto({ op: 'Identity', inputs: [output.name], output: ONNX_OUTPUT, attributes: [] }));
  graph.message(12, valueInfoProto(ONNX_OUTPUT, ['N', output.channels, 1, 1]));

  // ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 (OperatorSetIdProto: domain 1, version 2).
  return new Proto()
    .int(1, IR_VERSION)
    .string(2, 'sleeve')
    .message(7, graph)
    .message(8, new Proto().string(1, '').int(2, OPSET))
    .finish();
}
