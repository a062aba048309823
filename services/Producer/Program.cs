using Producer.Commands;

return await ProducerCommandLine.InvokeAsync(args);
