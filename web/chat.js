// Starts the rasa-webchat widget against the assistant's socket.io channel.
// The server defaults to this page's host on port 5005; ?server=URL overrides.
(function () {
  var params = new URLSearchParams(window.location.search);
  var root = document.getElementById("webchat");
  var server = params.get("server") || window.location.protocol + "//" + window.location.hostname + ":5005";
  WebChat.default({
    socketUrl: server,
    socketPath: "/socket.io/",
    initPayload: "hello",
    title: "Twitch",
    subtitle: "Not a diagnosis",
    inputTextFieldHint: "Describe your twitching...",
    showFullScreenButton: true,
    // The session id in local storage: the conversation goes on after the
    // browser is closed and opened again (the server keeps it: bot/storage.py).
    params: { storage: "local" },
    customComponent: window.AssessmentCard
  }, root);  // in the page's chat landmark (null would add one outside it)
  window.makeWidgetAccessible(root);
})();
