// Fund ballots: keep the running total beside the ballot as it is filled
// in. The ballot is a plain form and the server checks it; this only
// shows what is left before it is sent.
(function () {
  document.querySelectorAll('form.fund-ballot').forEach(function (form) {
    var limit = Number(form.dataset.limit);
    var used = form.querySelector('.n-used');
    var left = form.querySelector('.n-left');
    var box = form.querySelector('.fund-left');
    function update() {
      var sum = 0;
      form.querySelectorAll('[data-weight]').forEach(function (el) {
        if (el.type === 'checkbox') {
          if (el.checked) sum += Number(el.dataset.weight);
        } else {
          sum += Math.max(0, Number(el.value) || 0) * Number(el.dataset.weight);
        }
      });
      used.textContent = String(sum);
      left.textContent = String(limit - sum);
      box.classList.toggle('over', sum > limit);
    }
    form.addEventListener('input', update);
    form.addEventListener('change', update);
  });
})();
