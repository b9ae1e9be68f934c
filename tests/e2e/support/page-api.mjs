// Calls the GridDesk contract from inside the page, through the same transport the renderer uses:
// window.api in Electron, the bridge's same-origin api/invoke (cookie-authenticated) in a browser.
export async function invokeInPage(page, channel, input = {}) {
  const result = await page.evaluate(
    async ([ch, inp]) => {
      if (window.api) return window.api.invoke(ch, inp);
      const response = await fetch('api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: ch, input: inp }),
      });
      return response.json();
    },
    [channel, input],
  );
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}
