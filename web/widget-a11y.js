// Makes the rasa-webchat widget usable with a keyboard and a screen reader.
// rasa-webchat 1.0.1 renders unnamed icon buttons, quick replies as plain
// divs (no focus, no keys), an h4 under the page's h1 and a scrolling
// message list that cannot take focus; its props cannot change any of that,
// so the markup is completed after each render, watched by a
// MutationObserver. The focus ring it removes is back in widget.css.
(function () {
  // selector: attributes, a value of null marking one that depends on the state.
  var ATTRIBUTES = [
    [".rw-launcher", { "aria-label": null, "aria-expanded": null }],
    [".rw-close-button", { "aria-label": "Close the chat" }],
    [".rw-toggle-fullscreen-button", { "aria-label": "Full screen" }],
    [".rw-send", { "aria-label": "Send" }],
    [".rw-new-message", { "aria-label": "Your message" }],
    [".rw-title", { "aria-level": "2" }],  // the page's h1 is the only heading above it
    // role log: what the assistant adds is read out; tabindex: it scrolls, so it must take focus.
    ["#rw-messages", { role: "log", "aria-label": "Conversation", tabindex: "0" }],
    ["div.rw-reply", { role: "button", tabindex: "0" }]
  ];

  function isOpen(root) { return Boolean(root.querySelector(".rw-chat-open")); }

  function complete(root) {
    var open = isOpen(root);
    var states = { "aria-label": open ? "Close the chat" : "Open the chat", "aria-expanded": String(open) };
    ATTRIBUTES.forEach(function (entry) {
      root.querySelectorAll(entry[0]).forEach(function (element) {
        Object.keys(entry[1]).forEach(function (name) {
          var value = entry[1][name] === null ? states[name] : entry[1][name];
          // Only a change is written: an unchanged write would be a mutation of its own.
          if (element.getAttribute(name) !== value) { element.setAttribute(name, value); }
        });
      });
    });
  }

  // After the widget has re-rendered: the element to focus, when it is there.
  function focusLater(root, selector) {
    setTimeout(function () {
      var element = root.querySelector(typeof selector === "function" ? selector() : selector);
      if (element && element.offsetParent !== null) { element.focus(); }
    }, 0);
  }

  window.makeWidgetAccessible = function (root) {
    complete(root);
    new MutationObserver(function () { complete(root); })
      .observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });

    // A quick reply is a div: Enter and Space press it, as they would a button.
    root.addEventListener("keydown", function (event) {
      var reply = event.target.closest && event.target.closest("div.rw-reply");
      if (!reply || (event.key !== "Enter" && event.key !== " ")) { return; }
      event.preventDefault();
      reply.click();
      focusLater(root, ".rw-new-message");  // the replies are gone: on to the next message
    });

    // The focus follows a keyboard's open and close (detail 0: no pointer
    // clicked). A tap leaves it alone: on a phone it would pop the keyboard up.
    root.addEventListener("click", function (event) {
      if (event.detail !== 0 || !event.target.closest) { return; }
      if (event.target.closest(".rw-launcher")) {
        focusLater(root, function () { return isOpen(root) ? ".rw-new-message" : ".rw-launcher"; });
      } else if (event.target.closest(".rw-close-button")) {
        focusLater(root, ".rw-launcher");
      }
    });
  };
})();
