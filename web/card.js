// The assessment card: renders the `custom` payload of an assessment
// ({"assessment": {...}}, shared/spec/assessment-contract.md) inside the
// chat. rasa-webchat bundles its own React and does not expose it, so the
// card is built as plain React element objects (React 16's element shape).
(function () {
  var ELEMENT = typeof Symbol === "function" && Symbol.for ? Symbol.for("react.element") : 0xeac7;
  var LEVELS = {
    self_care: { label: "Self-care", className: "level-self-care" },
    gp_routine: { label: "See a doctor in the coming weeks", className: "level-gp-routine" },
    gp_urgent: { label: "See a doctor within days", className: "level-gp-urgent" },
    emergency: { label: "Emergency: call now", className: "level-emergency" }
  };
  var keyCounter = 0;

  function h(type, props) {
    var children = Array.prototype.slice.call(arguments, 2).filter(function (c) { return c !== null; });
    var all = Object.assign({}, props || {});
    if (children.length) { all.children = children.length === 1 ? children[0] : children; }
    return { $$typeof: ELEMENT, type: type, key: String(keyCounter++), ref: null, props: all, _owner: null, _store: {} };
  }

  function list(className, items) {
    return items && items.length ? h("ul", { className: className }, items.map(function (item) { return h("li", null, item); })) : null;
  }

  // "exposure caffeine" -> "caffeine", "denied symptom weakness" -> "no
  // weakness", "duration 21 days" -> "21 days".
  function evidence(items) {
    return items.map(function (e) {
      var words = e.split(" ");
      var denied = words[0] === "denied";
      var rest = words.slice(denied ? 2 : 1).join(" ").replace(/_/g, " ");
      return (denied ? "no " : "") + rest;
    }).join(", ");
  }

  window.AssessmentCard = function (props) {
    var a = props.assessment;
    if (!a) { return null; }
    var level = LEVELS[a.triage_level] || { label: a.triage_level, className: "" };
    return h("div", { className: "assessment-card " + level.className, "data-level": a.triage_level },
      h("div", { className: "assessment-level" }, level.label),
      list("assessment-reasons", a.reasons),
      a.causes && a.causes.length ? h("div", { className: "assessment-section" },
        h("strong", null, "Possible causes (not a diagnosis)"),
        h("ol", { className: "assessment-causes" }, a.causes.slice(0, 3).map(function (c) {
          return h("li", { "data-cause": c.id }, h("span", { className: "cause-name" }, c.name || c.id),
            c.evidence && c.evidence.length ? h("span", { className: "cause-evidence" }, " (" + evidence(c.evidence) + ")") : null);
        }))) : null,
      a.tests && a.tests.length ? h("div", { className: "assessment-section" },
        h("strong", null, "Tests to ask about: "), h("span", { className: "assessment-tests" }, a.tests.join(", "))) : null,
      a.more_urgent_if && a.more_urgent_if.length ? h("div", { className: "assessment-section" },
        h("strong", null, "Get help sooner if"), list("assessment-urgent", a.more_urgent_if)) : null);
  };
})();
