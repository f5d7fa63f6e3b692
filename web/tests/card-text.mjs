// Renders assessment payloads with web/card.js outside the browser, as the
// text a person would read:  node card-text.mjs < payloads.json
// Reads a JSON list of payloads; prints a JSON list of
// {text, level, className, causes, colours: [the border's, the level badge's]} (null where the card renders nothing).
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";

const window = {};
const source = readFileSync(new URL("../card.js", import.meta.url), "utf8");
runInNewContext(source, { window, Symbol, Object, Array, String });

function text(node) {
  if (node === null || node === undefined) return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(text).join("");
  const inner = text(node.props.children);
  return ["div", "li", "ul", "ol"].includes(node.type) ? inner + "\n" : inner;
}

function causes(node) {
  if (!node || typeof node !== "object") return [];
  if (Array.isArray(node)) return node.flatMap(causes);
  return (node.props["data-cause"] ? [node.props["data-cause"]] : []).concat(causes(node.props.children));
}

const payloads = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(payloads.map((payload) => {
  const card = window.AssessmentCard(payload);
  return card && {
    text: text(card), level: card.props["data-level"], className: card.props.className, causes: causes(card),
    colours: [card.props.style, [].concat(card.props.children)[0].props.style].map((style) => (style ? Object.values(style)[0] : null)),
  };
})));
