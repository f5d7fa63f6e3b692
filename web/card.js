// The assessment card: renders the `custom` payload of an assessment
// ({"assessment": {...}}, docs/spec/assessment-contract.md) inside the
// chat. Every word on it comes from the payload, and so does the level's
// colour: the level's label, summary and advice, the vocabulary's labels
// and the person's own words as evidence. A payload from before those fields (the widget shows stored
// messages again) gets the contract's plain fields in words instead.
// rasa-webchat bundles its own React and does not expose it, so the card is
// built as plain React element objects (React 16's element shape).
(function () {
  var ELEMENT = typeof Symbol === "function" && Symbol.for ? Symbol.for("react.element") : 0xeac7;
  // Causes explained when a payload does not say (causes.yml's scoring.explained; a test keeps them equal).
  var EXPLAINED = 3;
  var keyCounter = 0;

  function h(type, props) {
    var children = Array.prototype.slice.call(arguments, 2).filter(function (c) { return c !== null; });
    var all = Object.assign({}, props || {});
    if (children.length) { all.children = children.length === 1 ? children[0] : children; }
    return {
      $$typeof: ELEMENT, type: type, key: String(keyCounter++), ref: null, props: all, _owner: null, _store: {}
    };
  }

  function list(className, items) {
    if (!items || !items.length) { return null; }
    return h("ul", { className: className }, items.map(function (item) { return h("li", null, item); }));
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
  function words(id) { return String(id).replace(/_/g, " "); }

  // An `evidence` string of the contract as a record: "denied symptom
  // weakness", "duration 21 days", "exposure caffeine".
  function parsed(code) {
    var parts = code.split(" ");
    var denied = parts[0] === "denied";
    var kind = parts[denied ? 1 : 0];
    return { kind: kind, denied: denied, label: words(parts.slice(denied ? 2 : 1).join(" ")) };
  }

  // One finding in words: 'you said "five espressos"', "no weakness",
  // "twitching in the eyelid", "21 days", or the vocabulary's label.
  function finding(e) {
    if (e.kind === "body_part") { return "twitching in the " + e.label; }
    if (e.quote) { return "you said \u201c" + e.quote + "\u201d"; }
    return (e.denied ? "no " : "") + e.label;
  }

  function evidence(cause) {
    var items = cause.evidence_details || (cause.evidence || []).map(parsed);
    return items.length ? h("span", { className: "cause-evidence" }, " (" + items.map(finding).join(", ") + ")") : null;
  }

  window.AssessmentCard = function (props) {
    var a = props.assessment;
    var id = a && ((a.level && a.level.id) || a.triage_level);
    if (!id) { return null; }
    var level = Object.assign({ label: words(id) }, a.level, { id: id });
    var causes = (a.causes || []).slice(0, a.causes_explained || EXPLAINED);
    var tests = a.test_details ? a.test_details.map(function (t) { return t.name; }) : a.tests || [];
    // The level's colour comes with the payload (triage.yml); card.css's grey without it.
    var tint = level.colour ? { border: { borderColor: level.colour }, badge: { background: level.colour } } : {};
    return h("div", {
      className: "assessment-card level-" + level.id.replace(/_/g, "-"), "data-level": level.id, style: tint.border
    },
      h("div", { className: "assessment-level", style: tint.badge }, capital(level.label)),
      level.summary ? h("div", { className: "assessment-summary" }, level.summary) : null,
      level.advice ? h("div", { className: "assessment-advice" }, level.advice) : null,
      list("assessment-reasons", a.reasons),
      causes.length ? h("div", { className: "assessment-section" },
        h("strong", null, "Possible causes (not a diagnosis)"),
        h("ol", { className: "assessment-causes" }, causes.map(function (c) {
          return h("li", { "data-cause": c.id },
            h("span", { className: "cause-name" }, capital(c.name || c.id)), evidence(c));
        }))) : null,
      tests.length ? h("div", { className: "assessment-section" },
        h("strong", null, "Tests to ask about: "),
        h("span", { className: "assessment-tests" }, tests.join(", "))) : null,
      a.more_urgent_if && a.more_urgent_if.length ? h("div", { className: "assessment-section" },
        h("strong", null, "Get help sooner if"), list("assessment-urgent", a.more_urgent_if)) : null);
  };
})();
